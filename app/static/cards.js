// Runs once per results panel (gr.HTML js_on_load): `element` is the panel, `trigger` sends an
// event to the server, `props.context_panel` names the hidden panel its contexts arrive in (the
// search tab and the library tab each have a pair). One delegated listener survives every
// re-render of the cards.
element.addEventListener('click', async (event) => {
  if (event.target.closest('button[data-action=close-context]')) {
    event.target.closest('.card-context').replaceChildren();
    return;
  }
  const button = event.target.closest('button[data-action]');
  if (!button || !element.contains(button)) return;
  const action = button.dataset.action;
  if (action === 'copy') {
    const text = button.dataset.copy || '';
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch (error) {
      // Plain-HTTP pages off localhost have no clipboard API: fall back to a hidden textarea.
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      copied = document.execCommand('copy');
      area.remove();
    }
    const label = button.textContent;
    button.textContent = copied ? 'Đã sao chép ✓' : 'Không sao chép được';
    button.classList.add('done');
    setTimeout(() => { button.textContent = label; button.classList.remove('done'); }, 2000);
    return;
  }
  if (action === 'context') {
    // The context opens under its card (context.js moves it there); a second click closes it.
    const slot = button.closest('.sotay-card').querySelector('.card-context');
    if (slot.childElementCount) { slot.replaceChildren(); return; }
    const ready = document.querySelector(`${props.context_panel} .sotay-context[data-for="${CSS.escape(button.dataset.key)}"]`);
    if (ready) { slot.replaceChildren(ready.cloneNode(true)); return; }
  }
  // "context" asks the server for the passages around this one; "similar" searches with it.
  trigger(action === 'similar' ? 'submit' : 'click', { key: button.dataset.key });
});
