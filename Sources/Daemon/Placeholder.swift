// Placeholder so the target builds; delete once the target has real sources.
