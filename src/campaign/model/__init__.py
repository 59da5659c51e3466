"""Frozen value types for the campaign, its cases and its recipients."""

from campaign.model.campaign import Campaign, CampaignFile
from campaign.model.case import Case
from campaign.model.recipients import Recipient, RecipientsFile

__all__ = ["Campaign", "CampaignFile", "Case", "Recipient", "RecipientsFile"]
