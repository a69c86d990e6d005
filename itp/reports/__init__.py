"""Coordinators' reports: the dashboard, five reports, and their CSV, XLSX and PDF exports.

``definitions`` says what each report contains, ``exporters`` writes any report in any format,
``filters`` validates the filters they all share; views, the export command and the admin's
export actions all go through the same three.
"""
