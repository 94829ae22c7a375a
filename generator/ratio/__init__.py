"""Green building materials application ratio (绿色建材应用比例): rulesets, computation, project input, reports.

``rules`` reads and checks the YAML rulesets in ``catalog_data/ratio_rules/`` (each cites its document or is
labelled unsourced); ``compute`` turns item inputs into P and its breakdown; ``project`` reads project files
and demonstration projects; ``report`` prints a result for the command line; ``words`` holds the sentences and
the number grammar (``wording.yaml``) that the calculator page reads too. The browser runs the same
computation (``site_templates/static/assets/ratio.js``), checked against ``tests/ratio_vectors.yaml``.
"""
