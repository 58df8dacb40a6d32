"""The editor's tools beside the pipeline: the live preview, template checks and copies, the schema, proof sheets."""
