"""Merge the parallel branches: OAuth server (0003), access log (0005), master records (0007).

Revision ID: 0008
Revises: 0003, 0005, 0007
Create Date: 2026-11-25 13:23:15.949854
"""

from __future__ import annotations

revision = "0008"
down_revision = ("0003", "0005", "0007")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    pass


def downgrade() -> None:
    """Revert this migration."""
    pass
