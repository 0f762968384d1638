// Usernames as administrators write them: the given name, a dot, the initials of the rest.

/** A username to suggest: the name's last word and initials, without diacritics ("an.nv"). */
export function suggestUsername(fullName: string): string {
  const words = fullName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  if (words.length === 0) return ''
  const last = words[words.length - 1]
  return words.length === 1
    ? last
    : `${last}.${words
        .slice(0, -1)
        .map((w) => w[0])
        .join('')}`
}
