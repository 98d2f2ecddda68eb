"""The guidance portal: pages generated from the spec at build time (mkdocs hooks), beside the
hand-written pages in site/."""
