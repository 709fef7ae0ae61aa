-- Neovim's built-in LSP client against `undangle server` (tests/it/server.rs runs it headless):
-- opens $FILE, waits for the diagnostics, applies the first quick fix of the first one (resolved,
-- as Neovim resolves edits), writes the buffer and quits; any failure quits with status 1 and a
-- message on stderr.
local function fail(message)
  io.stderr:write(message .. "\n")
  vim.cmd("cquit 1")
end

local function run()
  local undangle, file = os.getenv("UNDANGLE"), os.getenv("FILE")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local config = {
    name = "undangle",
    cmd = { undangle, "server" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
  }
  if vim.lsp.start then -- 0.8 and later
    vim.lsp.start(config)
  else
    vim.lsp.buf_attach_client(buf, vim.lsp.start_client(config))
  end
  local found = vim.wait(20000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20)
  if not found then
    return fail("no diagnostics from undangle")
  end
  local diagnostic = vim.diagnostic.get(buf)[1]
  if diagnostic.source ~= "undangle" then
    return fail("diagnostic from " .. tostring(diagnostic.source))
  end
  local at = { line = diagnostic.lnum, character = 0 }
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = at, ["end"] = at },
    context = { diagnostics = {}, only = { "quickfix" } },
  }
  local answers = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 20000)
  for client_id, answer in pairs(answers or {}) do
    local action = answer.result and answer.result[1]
    if action and not action.edit and action.data then
      -- Neovim resolves edits: the server leaves them to `codeAction/resolve`.
      local resolved = vim.lsp.buf_request_sync(buf, "codeAction/resolve", action, 20000)
      local answer = resolved and resolved[client_id]
      if not (answer and answer.result and answer.result.edit) then
        return fail("codeAction/resolve gave no edit: " .. vim.inspect(answer))
      end
      action = answer.result
    end
    if action then
      local client = vim.lsp.get_client_by_id(client_id)
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
      vim.cmd("write")
      io.stdout:write(action.title .. "\n")
      vim.cmd("qall!")
      return
    end
  end
  fail("no quick fix from undangle")
end

local ok, err = pcall(run)
if not ok then
  fail(tostring(err))
end
