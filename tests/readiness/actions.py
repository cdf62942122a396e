"""Checklist actions as a user on the page does them: against the item as it now stands."""

from readiness import services


def update_evidence(item, **kwargs):
    """Save evidence from a page opened now (at the item's current version)."""
    item.refresh_from_db()
    return services.item_update_evidence(item=item, version=item.version, **kwargs)


def sign_off(item, **kwargs):
    """Sign the evidence as the signer sees it now."""
    item.refresh_from_db()
    return services.sign_off(item=item, fingerprint=item.evidence_fingerprint, **kwargs)


def evidence_form(item, **fields):
    """What the item's evidence page sends: the values it shows, with `fields` typed over them."""
    item.refresh_from_db()
    shown = {
        "status": item.status,
        "evidence_note": item.evidence_note,
        "evidence_link": item.evidence_link,
        "version": item.version,
        "fingerprint": item.evidence_fingerprint,
    }
    return {**shown, **fields}
