// Runs once for the links panel (gr.HTML js_on_load): a link button opens its document in the
// reader (the server sets the document picker), "So sánh điểm mới" compares the pair.
element.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button || !element.contains(button)) return;
  if (button.dataset.action === 'open') {
    trigger('click', { doc: button.dataset.doc, key: button.dataset.key || '' });
  } else if (button.dataset.action === 'compare') {
    trigger('submit', { old: button.dataset.old, new: button.dataset.new });
  }
});
