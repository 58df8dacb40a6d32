"""What issued copies carry and prove: manifests, the input attached to a PDF, recipients."""
