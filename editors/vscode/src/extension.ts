// The undangle extension: starts `undangle server` for Python files. The executable is the
// `undangle.path` setting, else the one in the workspace's virtualenv, else `undangle` on PATH.
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The virtualenv folders a project keeps its tools in, in the order they are tried. */
const VENVS = [".venv", "venv", "env"];

export function findUndangle(configured: string, folders: readonly string[]): string {
  if (configured) {
    return configured;
  }
  const windows = process.platform === "win32";
  const bin = windows ? path.join("Scripts", "undangle.exe") : path.join("bin", "undangle");
  for (const folder of folders) {
    for (const venv of VENVS) {
      const candidate = path.join(folder, venv, bin);
      if (fs.existsSync(candidate)) {
        return candidate;
      }
    }
  }
  return "undangle";
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const settings = vscode.workspace.getConfiguration("undangle");
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const command = findUndangle(settings.get<string>("path") ?? "", folders);
  const serverOptions: ServerOptions = { command, args: ["server"] };
  const strategy = settings.get<string | null>("strategy");
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "python" }],
    initializationOptions: strategy ? { strategy } : {},
    synchronize: { configurationSection: "undangle" },
  };
  client = new LanguageClient("undangle", "undangle", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
