import { PageTitle } from '../../components'

// Placeholder until the review feature is built.
export default function ReviewQueuePage() {
  return <PageTitle>review</PageTitle>
}
