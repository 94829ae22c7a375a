"""Import an official batch list (目录批次公告的附表) from a spreadsheet into the catalog data package.

Stages, one module each: ``sheet`` reads the .xlsx or CSV and finds its header (variants in
``columns.yaml``); ``cells`` cleans and checks each value; ``makers``, ``products``, ``proof`` and
``batch`` (driven by ``plan``) match the rows against the records already in the data (``known``) and
decide what to add or correct; ``csvedit`` writes the changes in each CSV file's own format; ``commit``
validates the result in a temporary copy and swaps the files in only when it passes. ``run.import_batch``
is the entry point. (This file stays empty: a package that imports its own modules would form an import cycle.)
"""
