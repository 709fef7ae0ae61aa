"""`undangle server` end to end with a real LSP client (pytest-lsp, on pygls), run by
tests/it/server.rs: `UNDANGLE` is the binary under test.

Each test starts the server with the capabilities of a real client (VS Code's or Neovim's, as
pytest-lsp records them); pytest-lsp also checks every answer against those capabilities.
"""

import os
import pathlib
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

UNDANGLE = os.environ["UNDANGLE"]
SOURCE = (
    "import asyncio\n\n\nasync def main():\n"
    "    s = '😀'; asyncio.create_task(work())\n"
    "    asyncio.ensure_future(work())\n"
)
CONFIG = ClientServerConfig(server_command=[UNDANGLE, "server"])


def cli(*args: str, text: str, path: pathlib.Path) -> str:
    run = subprocess.run([UNDANGLE, *args, "--stdin-filename", str(path), "-"], input=text,
                         capture_output=True, text=True, check=False)
    return run.stdout


def utf8(client: LanguageClient) -> bool:
    """Whether the server counts UTF-8 bytes: it does when the client offers them."""
    general = client.capabilities.general
    return bool(general and general.position_encodings and "utf-8" in general.position_encodings)


def apply(text: str, edits: list, in_utf8: bool = False) -> str:
    """Applies text edits (UTF-16 positions, or UTF-8 ones) to `text`."""
    lines = text.splitlines(keepends=True)

    def offset(pos: types.Position) -> int:
        start = sum(len(line) for line in lines[:pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character or ch == "\n":
                return start + i
            units += len(ch.encode()) if in_utf8 else 2 if ord(ch) > 0xFFFF else 1
        return start + len(line)

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
        lines = text.splitlines(keepends=True)
    return text


def lazy(client: LanguageClient) -> bool:
    """Whether the client resolves code actions' edits: then the server leaves them to
    `codeAction/resolve`."""
    action = client.capabilities.text_document and client.capabilities.text_document.code_action
    support = action and action.resolve_support
    return bool(support and "edit" in support.properties and action.data_support)


async def edit_of(client: LanguageClient, action: types.CodeAction, uri: str) -> list:
    """The edits of an action: inline, or resolved (only for a client that resolves them)."""
    if lazy(client):
        assert action.edit is None and action.data is not None, action.title
        action = await client.code_action_resolve_async(action)
    assert action.edit is not None, action.title
    return action.edit.changes[uri]


# VS Code and Neovim resolve edits lazily; Emacs (eglot) takes them inline.
@pytest_lsp.fixture(config=CONFIG, params=["visual-studio-code", "neovim", "emacs"])
async def client(lsp_client: LanguageClient, request, tmp_path):
    lsp_client.set_configuration({"strategy": "inline"}, section="undangle")
    # The recorded clients can watch files; the test client needs a handler for the request.
    lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)
    params = types.InitializeParams(
        capabilities=client_capabilities(request.param),
        root_uri=tmp_path.as_uri(),
    )
    # What the server answered, for the tests of its capabilities.
    lsp_client.initialized = await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def open_document(client: LanguageClient, path: pathlib.Path, text: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def test_diagnostics_pushed_and_pulled(client: LanguageClient, tmp_path):
    path = tmp_path / "app.py"
    uri = await open_document(client, path, SOURCE)
    pushed = client.diagnostics[uri]
    assert [d.code for d in pushed] == ["bare", "bare"]
    assert all(d.source == "undangle" and d.code_description for d in pushed)
    # The emoji counts two UTF-16 units, four UTF-8 bytes.
    character = 16 if utf8(client) else 14
    assert pushed[0].range.start == types.Position(line=4, character=character)
    pulled = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert list(pulled.items) == list(pushed)


async def actions_on_line_4(client: LanguageClient, uri: str, diagnostics: list):
    """The code actions at the start of line 4 (0-based), where SOURCE's first site stands."""
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=4, character=0),
                          end=types.Position(line=4, character=0)),
        context=types.CodeActionContext(diagnostics=diagnostics)))


async def test_code_actions(client: LanguageClient, tmp_path):
    path = tmp_path / "app.py"
    uri = await open_document(client, path, SOURCE)
    actions = await actions_on_line_4(client, uri, list(client.diagnostics[uri]))
    by_title = {a.title: a for a in actions}
    fixes = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    # Outside a class, `owner` is `inline`: one of them is offered.
    assert [t for t in by_title if t.startswith("Keep the task")] == [
        "Keep the task in a module set (inline)",
        "Keep the task with a helper function (helper)",
    ]
    assert not any(a.is_preferred for a in fixes)
    noqa = next(a for a in fixes if a.title.startswith("Disable for this line"))
    for action in fixes:
        edits = noqa.edit.changes[uri] if action is noqa else await edit_of(client, action, uri)
        fixed = apply(SOURCE, edits, utf8(client))
        left = cli("check", "--output-format", "json-lines", "-q", text=fixed, path=path)
        assert len(left.splitlines()) == 1, action.title  # the other site is left
    assert "asyncio.create_task(work())  # noqa: RUF006\n" in apply(SOURCE, noqa.edit.changes[uri], utf8(client))
    fix_all = next(a for a in actions if a.kind == "source.fixAll.undangle")
    fixed = apply(SOURCE, await edit_of(client, fix_all, uri), utf8(client))
    assert fixed == cli("fix", "-q", text=SOURCE, path=path)


async def test_resolve_refuses_a_stale_action(client: LanguageClient, tmp_path):
    assert client.initialized.capabilities.code_action_provider.resolve_provider
    if not lazy(client):
        return  # the edits came inline: nothing is left to resolve
    path = tmp_path / "app.py"
    uri = await open_document(client, path, SOURCE)
    actions = await actions_on_line_4(client, uri, [])
    fix = next(a for a in actions if a.title.endswith("(inline)"))
    # A line typed above the site: the action was computed for the old text.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=0, character=0),
                              end=types.Position(line=0, character=0)),
            text="import os\n")]))
    with pytest.raises(Exception, match="changed since the action was offered"):
        await client.code_action_resolve_async(fix)


async def test_incremental_change(client: LanguageClient, tmp_path):
    path = tmp_path / "app.py"
    uri = await open_document(client, path, SOURCE)
    # Delete the second site's line.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=5, character=0),
                              end=types.Position(line=6, character=0)),
            text="")]))
    # Diagnostics published before the change (the client's settings arriving) may come first.
    for _ in range(5):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if len(client.diagnostics[uri]) == 1:
            break
    assert len(client.diagnostics[uri]) == 1


async def test_unknown_method_and_unopened_document(client: LanguageClient, tmp_path):
    with pytest.raises(Exception):
        await client.protocol.send_request_async("undangle/nothing", {})
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=(tmp_path / "x.py").as_uri(),
                                                            version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="x")]))
    path = tmp_path / "app.py"
    uri = await open_document(client, path, SOURCE)
    assert len(client.diagnostics[uri]) == 2
