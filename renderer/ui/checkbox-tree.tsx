// A tree of checkboxes (folders and files of a package): a folder is checked when all its
// files are, mixed when some are; checking a folder checks everything under it. The state is a
// set of leaf ids so thousands of files stay cheap. Receive uses it to pick files to download.
import { useState } from 'react';
import { ChevronDown, ChevronRight } from 'lucide-react';
import { Checkbox } from './checkbox';

export interface TreeNode {
  id: string;
  label: string;
  detail?: string;
  children?: TreeNode[];
}

export function leafIds(node: TreeNode): string[] {
  if (!node.children || node.children.length === 0) return [node.id];
  return node.children.flatMap(leafIds);
}

export function checkState(node: TreeNode, checked: ReadonlySet<string>): 'on' | 'off' | 'mixed' {
  const leaves = leafIds(node);
  const on = leaves.filter((id) => checked.has(id)).length;
  return on === 0 ? 'off' : on === leaves.length ? 'on' : 'mixed';
}

/** Checking a mixed or empty folder checks all of it; checking a full one clears it. */
export function toggleNode(node: TreeNode, checked: ReadonlySet<string>): Set<string> {
  const next = new Set(checked);
  const turnOn = checkState(node, checked) !== 'on';
  for (const id of leafIds(node)) {
    if (turnOn) next.add(id);
    else next.delete(id);
  }
  return next;
}

interface Props {
  nodes: TreeNode[];
  checked: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  label: string;
}

export function CheckboxTree({ nodes, checked, onChange, label }: Props) {
  return (
    <ul className="tree" aria-label={label}>
      {nodes.map((n) => (
        <TreeRow key={n.id} node={n} checked={checked} onChange={onChange} depth={0} />
      ))}
    </ul>
  );
}

function TreeRow({
  node,
  checked,
  onChange,
  depth,
}: {
  node: TreeNode;
  checked: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  depth: number;
}) {
  const [open, setOpen] = useState(true);
  const folder = (node.children?.length ?? 0) > 0;
  const state = checkState(node, checked);
  return (
    <li className="tree-item">
      <div className="tree-row" style={{ paddingInlineStart: depth * 20 }}>
        {folder ? (
          <button
            type="button"
            className="tree-toggle"
            aria-expanded={open}
            aria-label={`${open ? 'Collapse' : 'Expand'} ${node.label}`}
            onClick={() => setOpen(!open)}
          >
            {open ? (
              <ChevronDown size={14} aria-hidden="true" />
            ) : (
              <ChevronRight size={14} aria-hidden="true" />
            )}
          </button>
        ) : (
          <span className="tree-toggle" aria-hidden="true" />
        )}
        <Checkbox
          checked={state === 'on'}
          indeterminate={state === 'mixed'}
          onChange={() => onChange(toggleNode(node, checked))}
        >
          {node.label}
          {node.detail && <span className="tree-detail num"> {node.detail}</span>}
        </Checkbox>
      </div>
      {folder && open && (
        <ul>
          {node.children!.map((c) => (
            <TreeRow key={c.id} node={c} checked={checked} onChange={onChange} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}
