"""Verifiable publication bundles (issue 18): a published collection as a BagIt bag with a Merkle tree over its
records, files and commitments, the installation's signed checkpoint, the custody extract and a standalone verifier
(`adalet bundle create | verify | extract | disclose`); one record's extract with its inclusion proof."""
