/** The wizard's steps; the current one is announced to screen readers. */
export const importSteps = ["Product", "Template", "Upload", "Preview", "Confirm", "Result"] as const;

export function Stepper({ current }: { current: (typeof importSteps)[number] }) {
  const index = importSteps.indexOf(current);
  return (
    <ol className="stepper" aria-label="Import steps">
      {importSteps.map((step, i) => (
        <li key={step} className={i < index ? "done" : i === index ? "current" : undefined} aria-current={i === index ? "step" : undefined}>
          <span className="step-number">{i < index ? "✓" : i + 1}</span>
          {step}
        </li>
      ))}
    </ol>
  );
}
