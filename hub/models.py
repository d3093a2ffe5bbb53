"""Imports every table module so that ``SQLModel.metadata`` knows them all (for Alembic)."""

from __future__ import annotations

from hub.adapters import models as adapter_models  # noqa: F401
from hub.audit import models as audit_models  # noqa: F401
from hub.auth import models as auth_models
from hub.auth import staff_models  # noqa: F401
from hub.auth.server import models as auth_server_models  # noqa: F401
from hub.feed import models as feed_models  # noqa: F401
from hub.feed.webhooks import models as webhook_models  # noqa: F401
from hub.ratelimit import models as rate_limit_models  # noqa: F401
from hub.registry import tables as master_record_tables  # noqa: F401
from hub.registry.codelists import models as codelists_models
from hub.registry.kinds.person import models as records_models
from hub.trusted_documents import models as trusted_document_models  # noqa: F401

__all__ = ["auth_models", "codelists_models", "records_models"]
