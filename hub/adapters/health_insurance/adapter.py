"""The health-insurance adapter: persons and their enrolments, incrementally by
``updated_since``, one checkpoint per page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC
from typing import Any

from hub.adapters.health_insurance.client import TOKEN_PATH, HealthInsuranceClient
from hub.adapters.health_insurance.config import HealthInsuranceConfig
from hub.adapters.health_insurance.mapping import SYSTEM, parse_item, updated_at
from hub.adapters.protocol import (
    Adapter,
    BadRecord,
    Checkpoint,
    ConfigurationError,
    Item,
    RawRecord,
    Stream,
    TransientError,
)
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline.inputs import SourceRecordInput

PERSONS = Stream(
    name="nguoi-tham-gia",
    entity_types=(PERSON, HEALTH_INSURANCE_ENROLLMENT),
    key="ma_so_bhxh",
    cursor_field="cap_nhat_luc",
    full_snapshot=True,
)


class HealthInsuranceAdapter(Adapter[HealthInsuranceConfig]):
    """Reads the insured persons of the social-insurance card system over its REST API."""

    name = "health-insurance"
    system = SYSTEM
    description = "social-insurance card system: persons and enrolments over a REST API"
    config_class = HealthInsuranceConfig
    source_option = "base_url"

    async def check(self) -> str:
        """Get a token and read one page: the host answers and the credentials are good."""
        client = HealthInsuranceClient(self.config, self.name)
        try:
            await client.token()
            await client.page(None, None)
        except TransientError as error:
            raise ConfigurationError(
                f"{self.config.base_url} is unreachable or failing: {error.message}"
            ) from error
        finally:
            await client.aclose()
        return f"{self.config.base_url}{TOKEN_PATH}: token granted to {self.config.client_id!r}"

    def streams(self) -> Sequence[Stream]:
        """One stream: persons with their current card."""
        return (PERSONS,)

    async def read(self, stream: Stream, state: Mapping[str, Any] | None) -> AsyncIterator[Item]:
        """Page through persons updated since the checkpoint. The checkpoint is the latest
        update time seen, and the API's ``updated_since`` includes it: items sharing that
        time across a page boundary come again and are found unchanged."""
        since = None if state is None else state.get("updated_since")
        client = HealthInsuranceClient(self.config, self.name)
        try:
            page_token: str | None = None
            done = 0
            latest = since
            while True:
                page = await client.page(since, page_token)
                for item in page["items"]:
                    done += 1
                    if not isinstance(item, dict):
                        yield BadRecord({"item": item}, "the item is not a JSON object")
                        continue
                    number = item.get("ma_so_bhxh")
                    yield RawRecord(item, number if isinstance(number, str) else None)
                    stamp = updated_at(item)
                    if stamp is not None:
                        text = stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                        latest = text if latest is None or text > latest else latest
                checkpoint = {} if latest is None else {"updated_since": latest}
                yield Checkpoint(checkpoint, done=done)
                page_token = page.get("next_page_token")
                if not page_token:
                    return
        finally:
            await client.aclose()

    @classmethod
    def parse(cls, stream: str, raw: Mapping[str, Any]) -> list[SourceRecordInput]:
        """The person and enrolment of one item."""
        return parse_item(raw)
