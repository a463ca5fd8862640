"""schemathesis hooks for fuzz.py (loaded through SCHEMATHESIS_HOOKS=st_hooks with this
folder on PYTHONPATH): application/x-ndjson request bodies (the streamed upload), which
schemathesis cannot serialize, are sent as the spec gives them, a string, like text/plain."""
import schemathesis

schemathesis.serializer.alias("application/x-ndjson", "text/plain")
