"use client";

import { createContext, useContext, useState } from "react";
import { Stepper } from "@/components/stepper";

const TemplateDownloaded = createContext<() => void>(() => {});

/** Call when a template download starts, or a file of the user's own is being mapped: the Template step is then done. */
export const useTemplateDownloaded = () => useContext(TemplateDownloaded);

/**
 * The stepper of the template and upload steps. "Template" stays the current step until a
 * template is downloaded on this page; a user who already has one may upload at any time.
 */
export function TemplateSteps({ children }: { children: React.ReactNode }) {
  const [downloaded, setDownloaded] = useState(false);
  return (
    <TemplateDownloaded.Provider value={() => setDownloaded(true)}>
      <Stepper current={downloaded ? "Upload" : "Template"} />
      {children}
    </TemplateDownloaded.Provider>
  );
}
