from app.services import ArchiveService

KEPT = [ArchiveService(None)]


def test_attach():
    assert KEPT[0].label("a") == "A"
