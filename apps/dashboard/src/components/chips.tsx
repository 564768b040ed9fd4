export interface ChipItem {
  id: string;
  label: string;
}

/**
 * A row of chips, each with a × that removes it (`removeLabel` names the button for screen
 * readers), and, when there are `choices`, a picker that adds one.
 */
export function ChipSet({
  title,
  items,
  removeLabel,
  onRemove,
  choices = [],
  pickLabel,
  placeholder,
  onPick,
  testId,
}: {
  title?: string;
  items: readonly ChipItem[];
  removeLabel: (item: ChipItem) => string;
  onRemove: (item: ChipItem) => void;
  choices?: readonly ChipItem[];
  pickLabel?: string;
  placeholder?: string;
  onPick?: (id: string) => void;
  testId?: string;
}) {
  return (
    <div className="chips" data-testid={testId}>
      {title && <span className="muted">{title}</span>}
      {title && items.length === 0 && <span className="muted">none</span>}
      {items.map((item) => (
        <span key={item.id} className="chip">
          {item.label}
          <button
            type="button"
            className="small secondary"
            aria-label={removeLabel(item)}
            onClick={() => onRemove(item)}
          >
            ×
          </button>
        </span>
      ))}
      {onPick && choices.length > 0 && (
        <select aria-label={pickLabel} value="" onChange={(e) => e.target.value && onPick(e.target.value)}>
          <option value="">{placeholder}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
