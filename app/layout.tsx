import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Device Import Console", template: "%s · Device Import Console" },
  description: "Create, update and delete devices in bulk from spreadsheets.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
