// Autosave a case note's draft to the server while the worker types: every 5 seconds after a change, and when the
// page is hidden. The form works without this script (the draft is also kept on every submission).
const marker = document.querySelector('[data-autosave-url]')
const form = marker ? marker.closest('form') : null
if (form) {
  const url = marker.dataset.autosaveUrl
  const status = document.getElementById('autosave-status')
  const draftField = form.querySelector('input[name="draft_id"]')
  let dirty = false
  let timer = null
  const save = async () => {
    if (!dirty) return
    dirty = false
    const data = new FormData(form)
    data.delete('action')
    try {
      const response = await fetch(url, { method: 'POST', body: data, credentials: 'same-origin' })
      if (!response.ok) throw new Error(String(response.status))
      const answer = await response.json()
      if (draftField) draftField.value = answer.draft_id
      if (status) status.textContent = 'Draft saved at ' + answer.saved_at
    } catch (error) {
      dirty = true
      if (status) status.textContent = 'Your draft could not be saved just now. It will be tried again'
    }
  }
  const changed = () => {
    dirty = true
    clearTimeout(timer)
    timer = setTimeout(save, 5000)
  }
  form.addEventListener('input', changed)
  form.addEventListener('change', changed)
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') save() })
  form.addEventListener('submit', () => { dirty = false; clearTimeout(timer) })
}
