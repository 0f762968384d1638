import { PageTitle } from '../../components'

// Placeholder until the evaluation feature is built.
export default function MyEvaluationPage() {
  return <PageTitle>evaluation</PageTitle>
}
