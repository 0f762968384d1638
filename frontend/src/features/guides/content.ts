// The shape of the user guides (long texts in content.vi.ts and content.en.ts).
export type GuideSection = { heading: string; intro?: string; steps?: string[]; points?: string[] }
export type GuideGroup = { slug: GroupSlug; title: string; summary: string; sections: GuideSection[] }
export type GuideContent = {
  groups: GuideGroup[]
  /** Sections every group needs: the calendar, the states, the ranks, the A quota. */
  common: GuideSection[]
}
export const GROUP_SLUGS = ['ca-nhan', 'nguoi-danh-gia', 'lanh-dao-don-vi', 'quan-tri'] as const
export type GroupSlug = (typeof GROUP_SLUGS)[number]
