// A small stdio LSP client for tests: starts a language server as VS Code would, answers its requests for
// workspace settings, and waits on its notifications (never on fixed sleeps). Generic: any server command.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest,
  ConfigurationRequest,
  createMessageConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkspaceFoldersRequest,
  type ClientCapabilities,
  type CompletionItem,
  type CompletionList,
  type ConfigurationItem,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type Position,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';

/** VS Code's settings.json shape: dotted keys (`yaml.schemas`) and language blocks (`[yaml]`). */
export type FlatSettings = Record<string, unknown>;

export interface ServerOptions {
  /** The server's command line, e.g. [process.execPath, 'node_modules/x/bin/server', '--stdio']. */
  command: string[];
  /** The workspace folder: the server's working directory and the one folder sent in `initialize`. */
  workspace: string;
  /** Workspace settings, as written in .vscode/settings.json. */
  settings?: FlatSettings;
  /** How long any one wait may take before the test fails with what the server said. */
  timeoutMs?: number;
}

/** What VS Code tells a language server it can do, for the features tests exercise. */
const CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    completion: {
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertReplaceSupport: true, labelDetailsSupport: true },
      contextSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
  },
};

/**
 * One section of flat settings as VS Code's `getConfiguration(section)` returns it: a language block
 * (`[yaml]`) as written, otherwise every `section.a.b` key nested as `{ a: { b } }`.
 */
export function settingsSection(settings: FlatSettings, section: string | undefined): unknown {
  if (section === undefined) return null;
  if (section in settings) return settings[section];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (!key.startsWith(`${section}.`)) continue;
    const parts = key.slice(section.length + 1).split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

export const fileUri = (path: string): string => pathToFileURL(path).href;

export class LspClient {
  readonly connection: MessageConnection;
  initializeResult: InitializeResult | undefined;
  /** Notifications no handler here takes (custom ones, log messages…), in arrival order. */
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Each workspace/configuration request of the server: the sections it asked for. */
  readonly configurationRequests: ConfigurationItem[][] = [];
  /** Every publishDiagnostics per document URI, in arrival order. */
  private readonly published = new Map<string, Diagnostic[][]>();
  /** Per URI: how many publishes had arrived when its text was last sent; later ones describe that text. */
  private readonly sentAt = new Map<string, number>();
  private readonly versions = new Map<string, number>();
  private readonly events = new EventEmitter();
  private stderr = '';
  private exited = false;

  private constructor(
    private readonly server: ChildProcessWithoutNullStreams,
    private readonly options: Required<ServerOptions>,
  ) {
    this.connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    server.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    const gone = (why: string) => {
      this.exited = true;
      this.stderr += why;
      this.events.emit('change');
    };
    server.on('exit', (code, signal) => gone(`\n[server exited: code ${code}, signal ${signal}]`));
    server.on('error', (e) => gone(`\n[server could not run: ${e.message}]`));
    this.connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
      this.published.set(uri, [...(this.published.get(uri) ?? []), diagnostics]);
      this.events.emit('change');
    });
    this.connection.onRequest(ConfigurationRequest.type, ({ items }) => {
      this.configurationRequests.push(items);
      this.events.emit('change');
      return items.map((item) => settingsSection(this.options.settings, item.section));
    });
    const folders = [{ uri: fileUri(options.workspace), name: 'workspace' }];
    this.connection.onRequest(WorkspaceFoldersRequest.type, () => folders);
    // Registrations, progress tokens and the like: accepted, as VS Code does.
    this.connection.onRequest(() => null);
    this.connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      this.events.emit('change');
    });
    this.connection.listen();
  }

  /** Starts the server, initializes it with the workspace folder and sends the workspace settings. */
  static async start(options: ServerOptions): Promise<LspClient> {
    const full = { settings: {}, timeoutMs: 20_000, ...options };
    const server = spawn(full.command[0], full.command.slice(1), { cwd: full.workspace, stdio: 'pipe' });
    const client = new LspClient(server, full);
    client.initializeResult = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: fileUri(full.workspace),
      workspaceFolders: [{ uri: fileUri(full.workspace), name: 'workspace' }],
      capabilities: CAPABILITIES,
      locale: 'en',
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    // VS Code's client pushes its settings sections on start; servers that pull answer from the same settings.
    const sections = [...new Set(Object.keys(full.settings).map((k) => (k.startsWith('[') ? k : k.split('.')[0])))];
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: Object.fromEntries(sections.map((s) => [s, settingsSection(full.settings, s)])),
    });
    return client;
  }

  /** Resolves once `ready` holds, re-checking on every message; fails after the timeout with the server's stderr. */
  waitUntil<T>(what: string, ready: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = ready();
        if (value !== undefined) return done(() => resolve(value));
        if (this.exited) return done(() => reject(new Error(`${what}: the server exited\n${this.stderr}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${what}: not within ${this.options.timeoutMs} ms\n${this.stderr}`))), this.options.timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.events.off('change', check);
        settle();
      };
      this.events.on('change', check);
      check();
    });
  }

  /** Resolves once the server has asked for its workspace settings (and so has them). */
  settingsPulled(): Promise<ConfigurationItem[][]> {
    return this.waitUntil('the server asking for its settings', () => (this.configurationRequests.length > 0 ? this.configurationRequests : undefined));
  }

  async open(path: string, text: string, languageId = 'yaml'): Promise<string> {
    const uri = fileUri(path);
    this.versions.set(uri, 1);
    this.sentAt.set(uri, this.published.get(uri)?.length ?? 0);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text of an open document. */
  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.sentAt.set(uri, this.published.get(uri)?.length ?? 0);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The first diagnostics published for the document's text as last opened or changed. */
  diagnostics(uri: string): Promise<Diagnostic[]> {
    const from = this.sentAt.get(uri) ?? 0;
    return this.waitUntil(`diagnostics for ${uri}`, () => this.published.get(uri)?.[from]);
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result: CompletionList | CompletionItem[] | null = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  /** shutdown, exit, and the process gone; killed if it does not leave in time. */
  async stop(): Promise<void> {
    if (!this.exited) {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
      await this.waitUntil('the server exiting', () => (this.exited ? true : undefined)).catch((e: unknown) => {
        this.server.kill();
        throw e;
      });
    }
    this.connection.dispose();
  }
}

/** The 0-based LSP position of `needle`'s first occurrence in `text`, plus `offset` characters. */
export function positionOf(text: string, needle: string, offset = 0): Position {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${JSON.stringify(needle)} is not in the text`);
  const before = text.slice(0, at + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
