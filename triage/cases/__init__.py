"""Case work: the case service (assign, reclassify, close), replying, the queue, the case page,
checklists, search and the office's standard replies."""
