"""Green building materials application ratio (绿色建材应用比例): rulesets, computation, project input, reports.

``rules`` reads and checks the YAML rulesets in ``catalog_data/ratio_rules/``; ``compute`` turns item
inputs into P and its breakdown; ``project`` reads project files and demonstration projects;
``report`` prints a result for the command line. The browser runs the same computation
(``site_templates/static/assets/ratio.js``) from the same data.
"""
