// Hover in a Heat template: over what the analysis found where it is written (a resource type, a
// property, a parameter, resource or attribute named by a function, a function, the version).
import type { HeatSchemaSource } from '../../heat/heatSchema';
import { escapeMarkdown } from '../../text/markdown';
import { containsPosition, type Position, type Range } from '../text';
import { analyzeHot } from './hotAnalysis';
import { firstVersionWith, type HotSpan } from './hotChecker';
import type { HotDocument } from './hotDocument';
import {
  describeAttribute,
  describeFunction,
  describeParameter,
  describeProperty,
  describeResourceType,
  describeVersion,
} from './hotDescribe';

export interface HotHover {
  readonly markdown: string;
  readonly range: Range;
}

function markdownOf(span: HotSpan, heat: HeatSchemaSource): string {
  switch (span.kind) {
    case 'resource-type':
      return describeResourceType(span.name, span.schema, heat.label);
    case 'property':
      return describeProperty(span.name, span.owner, span.schema);
    case 'parameter-ref':
      return describeParameter(span.parameter, span.name);
    case 'resource-ref': {
      const type = span.resource?.type?.value;
      const schema = type ? heat.resourceType(type) : undefined;
      const name = escapeMarkdown(span.name);
      return span.resource
        ? `**${name}** — resource of this template${type ? `\n\n${describeResourceType(type, schema, heat.label)}` : ''}`
        : `**${name}** — no such resource`;
    }
    case 'attribute-ref':
      return describeAttribute(span.name, span.resource.type?.value ?? span.resource.name, span.schema);
    case 'function':
      return describeFunction(span.name, span.fn, firstVersionWith(heat, (v) => v.functions.some((f) => f.functions === span.name))?.name);
    case 'version':
      return describeVersion(span.version);
  }
}

const size = (r: Range): number => (r.end.line - r.start.line) * 1e6 + (r.end.character - r.start.character);

export function hotHover(doc: HotDocument, firstLineLength: number, position: Position, heat: HeatSchemaSource): HotHover | undefined {
  let best: HotSpan | undefined;
  for (const span of analyzeHot(doc, heat, firstLineLength).spans)
    if (containsPosition(span.range, position) && (!best || size(span.range) < size(best.range))) best = span;
  return best && { markdown: markdownOf(best, heat), range: best.range };
}
