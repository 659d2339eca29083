// A message template checked against what it can see, on Handlebars' own AST: only the helpers messages may call
// (no partials, no decorators), and every name it reads resolved through the scopes Handlebars opens (#each,
// #with, block params, ../, @index and the other @data names) down to the shapes of the facts beneath them.
import { suggest } from '../suggest.ts';
import { REGISTERED_HELPERS, offsetOf } from './template.ts';
import { elementsOf, describeShape, isAny, ANY, type Shape } from './template-shape.ts';
import { findParam, isScoped, resolvePath, walkPath, type Frame, type Resolved, type Scope, type TemplateView } from './template-paths.ts';

export interface TemplateIssue {
  code: string;
  message: string;
  /** Offset in the template text of what is wrong. */
  offset: number;
}

/** The helpers a message may call: block or not, how many arguments, which key=value options. */
const HELPERS: Record<string, { block: boolean; params: number; hash?: readonly string[] }> = {
  if: { block: true, params: 1, hash: ['includeZero'] },
  unless: { block: true, params: 1, hash: ['includeZero'] },
  each: { block: true, params: 1 },
  with: { block: true, params: 1 },
  lookup: { block: false, params: 2 },
  json: { block: false, params: 1 },
  setting: { block: false, params: 1 },
  or: { block: false, params: 2 },
};
export const MESSAGE_HELPER_NAMES: readonly string[] = Object.keys(HELPERS).sort();

type Node = hbs.AST.Node;
type Expr = hbs.AST.Expression;
type Path = hbs.AST.PathExpression;
type Call = { path: Expr; params: Expr[]; hash?: hbs.AST.Hash; loc: hbs.AST.SourceLocation };

const TEXT: Shape = { type: 'string' };

/** Every problem of a parsed template, in the order they appear. */
export function checkTemplate(ast: hbs.AST.Program, text: string, view: TemplateView): TemplateIssue[] {
  const checker = new Checker(text, view);
  const top: Frame = { shape: view.root, label: '' };
  checker.program(ast, { contexts: [top], data: [undefined], params: [] });
  return checker.issues.sort((a, b) => a.offset - b.offset);
}

class Checker {
  readonly issues: TemplateIssue[] = [];

  constructor(
    readonly text: string,
    readonly view: TemplateView,
  ) {}

  program(program: hbs.AST.Program | undefined, scope: Scope): void {
    for (const statement of program?.body ?? []) this.statement(statement, scope);
  }

  statement(node: hbs.AST.Statement, scope: Scope): void {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement':
        this.expression(node as unknown as Call, scope, false);
        return;
      case 'BlockStatement':
        this.block(node as hbs.AST.BlockStatement, scope);
        return;
      case 'PartialStatement':
      case 'PartialBlockStatement':
        this.issue(node, 'template-partial', `${this.source(node)}: partials are not available in messages; write the text into the template itself`);
        return;
      default: // Decorator, DecoratorBlock
        this.issue(node, 'template-decorator', `${this.source(node)}: decorators are not available in messages`);
    }
  }

  /** A mustache or sub-expression: a helper call, or a name looked up. Returns what it yields. */
  expression(node: Call, scope: Scope, sub: boolean): Shape {
    const name = helperName(node.path, scope);
    const hasArgs = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (name !== undefined && (sub || hasArgs || isHelper(name))) return this.call(name, node, scope, false);
    if (hasArgs || sub) {
      this.issue(node.path, 'unknown-helper', `${this.source(node.path)} is not a helper; messages may call ${MESSAGE_HELPER_NAMES.join(', ')}`);
      this.args(node, scope);
      return ANY;
    }
    return this.value(node.path, scope);
  }

  block(node: hbs.AST.BlockStatement, scope: Scope): void {
    const name = helperName(node.path, scope);
    const hasArgs = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (name !== undefined && (hasArgs || isHelper(name))) {
      const args = this.call(name, node, scope, true);
      if (name === 'each' || name === 'with') this.scoped(node, scope, name, args);
      else this.both(node, scope);
      return;
    }
    if (hasArgs) {
      this.issue(node.path, 'unknown-helper', `${this.source(node.path)} is not a helper; messages may call ${MESSAGE_HELPER_NAMES.join(', ')}`);
      this.args(node, scope);
      this.both(node, scope);
      return;
    }
    // {{#name}}…{{/name}} over a value (Handlebars' blockHelperMissing): a list repeats, true keeps the context.
    const shape = this.value(node.path, scope);
    const kind = describeShape(shape);
    if (kind === 'true or false') this.both(node, scope);
    else this.opened(node, scope, kind === 'a list' || isAny(shape) ? 'each' : 'with', shape, this.source(node.path));
  }

  /** A helper call: known, used as a block or not as it must be, with as many arguments as it takes. */
  call(name: string, node: Call, scope: Scope, block: boolean): Shape {
    const args = this.args(node, scope);
    const spec = Object.prototype.hasOwnProperty.call(HELPERS, name) ? HELPERS[name] : undefined;
    if (!spec) {
      const hint = !REGISTERED_HELPERS.includes(name) && suggest(name, MESSAGE_HELPER_NAMES as string[]);
      const what = REGISTERED_HELPERS.includes(name) ? `helper "${name}" is not available in messages` : `unknown helper "${name}"`;
      this.issue(node.path, 'unknown-helper', `${what}${hint ? `; did you mean "${hint}"?` : `; messages may call ${MESSAGE_HELPER_NAMES.join(', ')}`}`);
      return ANY;
    }
    if (spec.block !== block) {
      const how = spec.block ? `a block helper: write {{#${name} …}}…{{/${name}}}` : `not a block helper: write {{${name} …}}`;
      this.issue(node.path, 'helper-use', `"${name}" is ${how}`);
    }
    if (node.params.length !== spec.params) {
      this.issue(node.path, 'helper-arity', `"${name}" takes ${spec.params} argument${spec.params === 1 ? '' : 's'}, found ${node.params.length}`);
      return ANY;
    }
    for (const pair of node.hash?.pairs ?? []) {
      if (!spec.hash?.includes(pair.key)) this.issue(pair, 'helper-use', `"${name}" takes no ${pair.key}=…${spec.hash ? `; it takes ${spec.hash.map((k) => `${k}=`).join(', ')}` : ''}`);
    }
    if (name === 'setting') return this.setting(node.params[0]);
    if (name === 'lookup') return this.lookup(node.params[0], node.params[1], args[0]);
    if (name === 'json') return TEXT;
    return name === 'each' || name === 'with' ? args[0] : ANY;
  }

  /** The arguments' shapes; every name they read is checked. */
  args(node: Call, scope: Scope): Shape[] {
    for (const pair of node.hash?.pairs ?? []) this.argument(pair.value, scope);
    return node.params.map((p) => this.argument(p, scope));
  }

  argument(node: Expr, scope: Scope): Shape {
    switch (node.type) {
      case 'SubExpression':
        return this.expression(node as unknown as Call, scope, true);
      case 'PathExpression':
        return this.resolve(node as Path, scope);
      case 'StringLiteral':
        return TEXT;
      case 'NumberLiteral':
        return { type: 'number' };
      case 'BooleanLiteral':
        return { type: 'boolean' };
      default:
        return { type: 'null' };
    }
  }

  /** A mustache's name: a path, or a literal Handlebars reads as one ({{true}} looks up "true"). */
  value(node: Expr, scope: Scope): Shape {
    if (node.type === 'PathExpression') return this.resolve(node as Path, scope);
    const literal = String((node as hbs.AST.StringLiteral).value);
    return this.report(node, walkPath(scope.contexts[scope.contexts.length - 1], [literal], '', scope.contexts.length === 1, this.view));
  }

  setting(arg: Expr): Shape {
    if (arg.type !== 'StringLiteral') return ANY;
    const name = (arg as hbs.AST.StringLiteral).value;
    const shape = this.view.settings.get(name);
    if (shape) return shape;
    const hint = suggest(name, [...this.view.settings.keys()]);
    this.issue(arg, 'unknown-setting', `unknown setting "${name}"${hint ? `; did you mean "${hint}"?` : ''}`);
    return ANY;
  }

  /** (lookup value key): a literal key is checked like a path segment; any other key reads one element. */
  lookup(value: Expr, key: Expr, shape: Shape): Shape {
    if (key.type === 'StringLiteral' || key.type === 'NumberLiteral') {
      return this.report(key, walkPath({ shape, label: this.source(value) }, [String((key as hbs.AST.StringLiteral).value)], '', false, this.view));
    }
    return elementsOf(shape)?.item ?? ANY;
  }

  /** #each and #with: the block's context is the argument (each item of it), its else keeps the outer one. */
  scoped(node: hbs.AST.BlockStatement, scope: Scope, name: 'each' | 'with', shape: Shape): void {
    const what = node.params[0] ? this.source(node.params[0]) : '';
    this.opened(node, scope, name, shape, what);
  }

  opened(node: hbs.AST.BlockStatement, scope: Scope, how: 'each' | 'with', shape: Shape, what: string): void {
    let inner: Frame;
    let data = scope.data;
    const params = new Map<string, Frame>();
    const declared = node.program?.blockParams ?? [];
    if (how === 'each') {
      const elements = elementsOf(shape);
      if (!elements) this.issue(node.params[0] ?? node.path, 'template-scope', `{{#each}} over ${what}, which is ${describeShape(shape)}: it repeats nothing`);
      inner = { shape: elements?.item ?? ANY, label: `an item of ${what}` };
      data = [...data, { shape: elements?.key ?? ANY, label: `the key of ${inner.label}` }];
      if (declared[1] !== undefined) params.set(declared[1], data[data.length - 1]!);
    } else inner = { shape, label: what };
    if (declared[0] !== undefined) params.set(declared[0], inner);
    this.program(node.program, { contexts: [...scope.contexts, inner], data, params: params.size > 0 ? [...scope.params, params] : scope.params });
    this.program(node.inverse, scope);
  }

  /** #if, #unless and a section over true/false: both branches see the same context. */
  both(node: hbs.AST.BlockStatement, scope: Scope): void {
    this.program(node.program, scope);
    this.program(node.inverse, scope);
  }

  /** A path as Handlebars resolves it; what is not there is reported where it is written. */
  resolve(path: Path, scope: Scope): Shape {
    return this.report(path, resolvePath(path, this.source(path), scope, this.view));
  }

  report(node: Node, resolved: Resolved): Shape {
    if (resolved.miss) this.issue(node, resolved.miss.code, resolved.miss.message, resolved.miss.at);
    return resolved.shape;
  }

  /** The template's text of a node, from its location. */
  source(node: Node): string {
    return this.text.slice(this.offset(node.loc.start), this.offset(node.loc.end));
  }

  offset(position: hbs.AST.Position): number {
    return offsetOf(this.text, position.line, position.column);
  }

  issue(node: Node, code: string, message: string, within = 0): void {
    this.issues.push({ code, message, offset: this.offset(node.loc.start) + within });
  }
}

/** A call's name when Handlebars would look it up as a helper: one plain segment (or a literal), not a block parameter. */
function helperName(path: Expr, scope: Scope): string | undefined {
  if (path.type !== 'PathExpression') return String((path as hbs.AST.StringLiteral).value);
  const p = path as Path;
  if (p.parts.length !== 1 || p.depth > 0 || p.data || isScoped(p)) return undefined;
  return findParam(scope, p.parts[0]) ? undefined : p.parts[0];
}

/** A name Handlebars calls as a helper even without arguments: every registered one, allowed in messages or not. */
function isHelper(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(HELPERS, name) || REGISTERED_HELPERS.includes(name);
}
