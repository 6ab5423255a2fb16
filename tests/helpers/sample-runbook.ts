/** A small valid runbook in YAML, for tests of the loader and of the compiled knowledge base. */
export const PRINTER_RUNBOOK_YAML = `id: printer-offline
title: Printer shows offline
domain: printing
symptoms: [printer offline]
causes:
  - { id: paused-queue, text: The queue is paused., fix: Resume the queue. }
  - { id: wrong-port, text: The port points at an old IP address., fix: Point the port at the printer's address. }
steps:
  - id: check-queue
    kind: question
    text: Is the queue paused?
    options:
      - { label: 'Yes', value: 'yes', resolve: paused-queue }
      - { label: 'No', value: 'no', next: check-port }
  - id: check-port
    kind: action
    text: Compare the port address with the printer's address.
    expected_outcome: They differ.
    on: { worked: { resolve: wrong-port }, failed: { contradicts: true } }
verification: [A test page prints.]
`;
