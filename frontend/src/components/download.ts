// Files that need the bearer token (XLSX, PDF) are fetched through `api` as a Blob and saved
// with an object URL: a plain link would not carry the token.
import { unwrap } from '../api'

type BlobResult = { data?: Blob; error?: unknown; response: Response }

/** Saves a file the API answered; throws an ApiError (with the API's detail) on failure. */
export async function saveDownload(request: Promise<BlobResult>, fileName: string): Promise<void> {
  const blob = unwrap(await request)
  const url = URL.createObjectURL(blob)
  try {
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    a.rel = 'noopener'
    document.body.appendChild(a)
    a.click()
    a.remove()
  } finally {
    // Give the browser time to start the download before the URL goes.
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}

/** A file name without characters that file systems refuse, keeping Vietnamese letters. */
export function safeFileName(name: string): string {
  return [...name]
    .filter((c) => c.charCodeAt(0) >= 32 && !'\\/:*?"<>|'.includes(c))
    .join('')
    .replace(/\s+/g, '-')
    .slice(0, 100)
}
