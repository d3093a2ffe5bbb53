"""HTTP plumbing: pure ASGI middleware and the operational endpoints."""
