"""Coordinators' reports: the dashboard, five reports, and their CSV, XLSX and PDF exports.

One module per report (``summary``, ``participation``, ``attendance``, ``teams``,
``secondments``), each a ``base.Report``; ``registry.REPORTS`` lists them by name. ``filters``
validates the filters they share; the writers of ``itp.common.exporting`` write any of them in
any format. The views, the export command and the admin's export actions all go through these.
"""
