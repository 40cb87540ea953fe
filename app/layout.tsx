import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header";
import { QueryProvider } from "@/components/query-provider";
import { currentCaller } from "@/lib/auth/current-caller";
import "./globals.css";

export const metadata: Metadata = {
  title: "Falconry",
  description: "Alert triage for Falco, per tenant",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // A query cache per person: after signing out (or in as someone else) in this tab, nothing the
  // last person read is shown, not even for the moment before a refetch.
  const caller = await currentCaller();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <AppHeader />
        <QueryProvider key={caller?.userId ?? "nobody"}>{children}</QueryProvider>
      </body>
    </html>
  );
}
