import { PageTitle } from '../../components'

// Placeholder until the results feature is built.
export default function ResultsPage() {
  return <PageTitle>results</PageTitle>
}
