"""The download of materials (slides, documents, minutes), checked against who asks."""
