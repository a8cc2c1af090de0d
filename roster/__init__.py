"""The roster of francophone experts: profiles, requests from partner institutions, their workflow, the
matching of experts to requests, and what a partner may see before an expert agrees (pure domain code).

- :mod:`roster.model`: domains, languages and CEFR levels, notice, vetting, profile and request values;
- :mod:`roster.inputs`: checking what experts and partners type; :mod:`roster.files`: uploaded terms;
- :mod:`roster.workflow`: the request and proposal states and the one table of allowed moves each;
- :mod:`roster.matching`: per-expert vectors, filter, score, rank, diversity;
- :mod:`roster.anonymise`: an expert's skill set without their identity.
"""
