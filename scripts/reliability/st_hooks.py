"""schemathesis hooks for fuzz.py (loaded through SCHEMATHESIS_HOOKS=st_hooks with this
folder on PYTHONPATH): application/x-ndjson request bodies (the streamed upload), which
schemathesis cannot serialize, are sent as the spec gives them, a string, like text/plain."""
import schemathesis
from schemathesis.core.media_types import YAML_MEDIA_TYPES

schemathesis.serializer.alias("application/x-ndjson", "text/plain")


@schemathesis.deserializer(*YAML_MEDIA_TYPES)
def yaml_as_text(ctx, response):
    """GET /openapi.yaml: the spec gives the body as a string (the document itself), so
    it is validated as one instead of as the parsed YAML."""
    return response.content.decode("utf-8")
