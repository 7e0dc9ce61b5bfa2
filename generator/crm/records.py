"""The CRM records the generator builds (lead, account, deal), each able to write its raw row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from generator.crm.reference import COUNTRY_CURRENCY
from generator.util import Row


@dataclass
class Lead:
    created_at: datetime
    channel: str
    source: str
    owner_id: str | None
    segment: str
    country: str | None
    industry: str | None
    company_name: str
    contact_email: str | None
    contact_phone: str | None
    status: str = "new"
    disqualified_reason: str | None = None
    converted_at: datetime | None = None
    qualified_at: datetime | None = None
    is_deleted: bool = False
    lead_id: str = ""
    account_id: str | None = None

    def row(self) -> Row:
        return {
            k: getattr(self, k)
            for k in (
                "lead_id",
                "created_at",
                "channel",
                "source",
                "owner_id",
                "status",
                "disqualified_reason",
                "converted_at",
                "account_id",
                "company_name",
                "contact_email",
                "contact_phone",
                "is_deleted",
            )
        }


@dataclass
class Account:
    account_name: str
    industry: str | None
    country: str | None
    created_at: datetime
    owner_id: str | None
    segment: str
    phone: str
    lead: Lead | None = None
    imported: bool = False
    account_id: str = ""

    @property
    def currency(self) -> str:
        return COUNTRY_CURRENCY.get(self.country or "US", "USD")

    def row(self) -> Row:
        created: object = self.created_at.date() if self.imported else self.created_at
        return {
            "account_id": self.account_id,
            "account_name": self.account_name,
            "industry": self.industry,
            "country": self.country,
            "created_at": created,
            "owner_id": self.owner_id,
        }


@dataclass
class Deal:
    deal_type: str
    owner_id: str
    created_at: datetime
    path: list[tuple[str, datetime]]
    account: Account | None = None
    lead: Lead | None = None
    product_id: str | None = None
    amount: float | None = None
    currency: str | None = None
    expected_close_on: date | None = None
    closed_at: datetime | None = None
    lost_reason: str | None = None
    is_deleted: bool = False
    seats: int = 0
    discount: float = 0.0
    has_history: bool = True
    deal_id: str = ""

    @property
    def stage(self) -> str:
        return self.path[-1][0]

    @property
    def won(self) -> bool:
        return self.stage == "closed_won"

    def row(self) -> Row:
        return {
            "deal_id": self.deal_id,
            "account_id": self.account.account_id if self.account else None,
            "lead_id": self.lead.lead_id if self.lead else None,
            "owner_id": self.owner_id,
            "deal_type": self.deal_type,
            "product_id": self.product_id,
            "stage": self.stage,
            "amount": self.amount,
            "currency": self.currency,
            "created_at": self.created_at,
            "expected_close_on": self.expected_close_on,
            "closed_at": self.closed_at,
            "lost_reason": self.lost_reason,
            "is_deleted": self.is_deleted,
        }
