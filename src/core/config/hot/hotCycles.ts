// Dependency cycles among a template's resources: Tarjan's strongly connected components (iterative,
// so a chain of any length does not overflow the stack), then one concrete cycle per component found
// by a breadth-first search inside it. Linear in resources plus dependencies.
import type { Range } from '../text';

export interface Dependency {
  readonly to: string;
  /** where the dependency is written (the depends_on entry, get_resource's or get_attr's resource name) */
  readonly range: Range;
  readonly via: 'depends_on' | 'get_resource' | 'get_attr';
}

export interface CycleEdge extends Dependency {
  readonly from: string;
}

/** The strongly connected components, each a list of nodes. */
function components(nodes: readonly string[], edges: ReadonlyMap<string, readonly Dependency[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const frames: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const out = edges.get(frame.node) ?? [];
      if (frame.edge < out.length) {
        const to = out[frame.edge++].to;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          frames.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(to) ?? 0));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      found.push(component);
    }
  }
  return found;
}

/** A cycle through `start` inside one component (breadth first: a shortest one). */
function cycleFrom(start: string, members: ReadonlySet<string>, edges: ReadonlyMap<string, readonly Dependency[]>): CycleEdge[] {
  const parent = new Map<string, CycleEdge>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const from = queue[head];
    for (const edge of edges.get(from) ?? []) {
      if (edge.to === start) {
        const path: CycleEdge[] = [{ ...edge, from }];
        for (let at = from; at !== start;) {
          const step = parent.get(at);
          if (!step) break;
          path.unshift(step);
          at = step.from;
        }
        return path;
      }
      if (!members.has(edge.to) || parent.has(edge.to) || edge.to === start) continue;
      parent.set(edge.to, { ...edge, from });
      queue.push(edge.to);
    }
  }
  return [];
}

/** One cycle per group of resources that depend on each other, starting at the first of them in the template. */
export function findCycles(nodes: readonly string[], edges: ReadonlyMap<string, readonly Dependency[]>): CycleEdge[][] {
  const order = new Map(nodes.map((n, i) => [n, i]));
  const cycles: CycleEdge[][] = [];
  for (const component of components(nodes, edges)) {
    const members = new Set(component);
    const start = component.reduce((a, b) => ((order.get(a) ?? 0) <= (order.get(b) ?? 0) ? a : b));
    if (component.length === 1 && !(edges.get(start) ?? []).some((e) => e.to === start)) continue;
    const cycle = cycleFrom(start, members, edges);
    if (cycle.length > 0) cycles.push(cycle);
  }
  return cycles.sort((a, b) => (order.get(a[0].from) ?? 0) - (order.get(b[0].from) ?? 0));
}
