// Runs once for a hidden context panel (gr.HTML js_on_load): each context the server sends
// is shown under the card it belongs to, in the results panel `props.cards_panel`, where the
// user clicked, on any screen size.
const place = () => {
  const context = element.querySelector('.sotay-context[data-for]');
  if (!context) return;
  const card = document.querySelector(`${props.cards_panel} .sotay-card[data-key="${CSS.escape(context.dataset.for)}"]`);
  const slot = card && card.querySelector('.card-context');
  if (!slot) return;
  slot.replaceChildren(context.cloneNode(true));
  slot.scrollIntoView({ block: 'nearest', behavior: 'instant' });
};
new MutationObserver(place).observe(element, { childList: true, subtree: true, characterData: true });
place();
