"""The researcher workspace under /workspace/ (sign-in required): a dashboard of the collections the user can open,
review queues (verification findings, photo links, official name matches, organization signatures), upload for
ingest, API tokens and the second factor. Decisions are taken by the owning apps' functions, which put them on the
custody log; this package only decides who may take them and shows the evidence.
"""
