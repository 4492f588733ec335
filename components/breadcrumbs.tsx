import Link from "next/link";
import { Fragment } from "react";

/** The trail above a page title; the last item is the page itself, without a link. */
export function Breadcrumbs({ items }: { items: { label: string; href?: string }[] }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      {items.map((item, i) => (
        <Fragment key={`${i}-${item.label}`}>
          {i > 0 && <span aria-hidden>/</span>}
          {item.href ? <Link href={item.href}>{item.label}</Link> : <span aria-current="page">{item.label}</span>}
        </Fragment>
      ))}
    </nav>
  );
}
