// The layering rule, after VS Code's `.eslint-plugin-local/code-layering.ts`: every source folder is a
// layer with an allow-list of what it may import (other layers, Node builtins, electron, npm packages).
// Anything not on the list is reported, and so is a file in a folder that is not a layer yet, so a new
// folder has to be given its rules before it can hold code.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const BUILTINS = new Set(builtinModules);

/** 'src-main/core/x.ts' → the longest layer folder that contains it. */
function layerOf(rel, layers) {
  let best;
  for (const dir of Object.keys(layers)) {
    if ((rel === dir || rel.startsWith(`${dir}/`)) && (!best || dir.length > best.length)) best = dir;
  }
  return best;
}

/** A bare specifier's package: '@scope/name/sub' → '@scope/name', 'name/sub' → 'name'. */
function packageOf(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const withoutExtension = (p) => p.replace(/\.(?:[cm]?[jt]s|svelte)$/, '');

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Each source folder imports only what its layer allows (see ../shared/DESIGN.md).' },
    schema: false,
    messages: {
      forbidden: "{{layer}} may not import '{{spec}}' ({{what}}): {{why}}",
      unlayered: '{{file}} is in no layer: give its folder an entry in the layer map of eslint.config.js.',
    },
  },
  create(context) {
    const { root, layers, scopes = ['src-main', 'src-renderer'] } = context.options[0];
    const file = relative(root, context.filename).split(sep).join('/');
    if (!scopes.some((s) => file.startsWith(`${s}/`))) return {};
    const layer = layerOf(file, layers);
    if (!layer) {
      return {
        Program(node) {
          context.report({ node, messageId: 'unlayered', data: { file } });
        },
      };
    }
    const rules = layers[layer];

    /** Why `spec` is not allowed here, or undefined when it is. */
    function refusal(spec) {
      const bare = spec.split('?')[0];
      if (bare.startsWith('.') || bare.startsWith('/')) {
        const target = relative(root, resolve(dirname(context.filename), bare))
          .split(sep)
          .join('/');
        const to = layerOf(target, layers);
        if (to === layer) return undefined;
        if (to && (rules.layers ?? []).includes(to)) return undefined;
        if (Object.hasOwn(rules.edges ?? {}, withoutExtension(target))) return undefined;
        return to ? `layer ${to}` : `${target}, outside every layer`;
      }
      if (bare.startsWith('node:') || BUILTINS.has(packageOf(bare))) return rules.node ? undefined : 'a Node builtin';
      if (bare === 'electron' || bare.startsWith('electron/')) return rules.electron ? undefined : 'electron';
      const pkg = packageOf(bare);
      if (rules.packages === '*' || (rules.packages ?? []).includes(pkg)) return undefined;
      return `package ${pkg}`;
    }

    function check(node, source) {
      let spec;
      if (source?.type === 'Literal' && typeof source.value === 'string') spec = source.value;
      else if (source?.type === 'TemplateLiteral' && source.expressions.length === 0) spec = source.quasis[0]?.value.cooked;
      if (spec === undefined) return;
      const what = refusal(spec);
      if (what) context.report({ node, messageId: 'forbidden', data: { layer, spec, what, why: rules.why } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      // `typeof import('x')` in a type: still a dependency on x.
      TSImportType: (node) => check(node, node.source ?? node.argument?.literal),
      TSExternalModuleReference: (node) => check(node, node.expression),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1)
          check(node, node.arguments[0]);
      },
    };
  },
};
