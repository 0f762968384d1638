// User guides by group, in English (shorter than the Vietnamese, same steps).
import type { GuideContent } from './content'

export const contentEn: GuideContent = {
  groups: [
    {
      slug: 'ca-nhan',
      title: 'Officials, civil servants, public employees and workers',
      summary: 'Plan your work, update progress, assess yourself every month and see the results.',
      sections: [
        {
          heading: 'Signing in',
          steps: [
            'Enter the username and password your unit administrator gave you and press “Sign in”.',
            'On the first sign-in (or after a reset) choose a new password: 10–128 characters with letters and digits, not containing the username. An issued password works for 72 hours.',
            'Five wrong passwords in a row lock the account for 15 minutes. Forgot it? Ask your unit administrator for a new one.',
          ],
        },
        {
          heading: 'Start of the month: the work plan (menu “My work”)',
          steps: [
            'Open “My work”; the current month is shown, use the month buttons to see others.',
            'Under “Add a task” choose the kind “Monthly plan”, enter the task, expected output and due date, press “Add to the plan”. The monthly plan is entered from the 1st to the end of the 5th.',
            'Weekly schedule: kind “Weekly schedule” and the week (1–6). Tasks that come up: “Ad-hoc tasks”. Both can be entered until the self-assessment closes.',
            'During the month set each task’s status and completion (%) and press “Save”.',
            'The completion share = tasks done on time and with quality / all tasks (cancelled left out); it feeds the evaluation form.',
            'Your evaluators’ comments appear at the bottom of the page.',
          ],
        },
        {
          heading: 'From the 20th to the end of the 24th: self-assessment (menu “Self-assessment”)',
          steps: [
            'The home page reminds you while your form is a draft, with the deadline.',
            'Score each criterion (at most its maximum), add notes; the total and the expected rank update at once.',
            'The form saves itself while you type. Send it and confirm; it becomes “Self-assessment sent” and can no longer be changed.',
            'A returned form (with a reason) is a draft again: fix it and send it in time.',
            'Missed the deadline? Ask your direct leader for an extension; the decider may still rank you.',
          ],
        },
        {
          heading: 'Next month: the results (menu “Published results”)',
          steps: [
            'Once the unit head publishes (before the 5th of the next month), see name, post, total, final rank and notes such as “Qualified for A, ranked B by the quota”.',
            'Press “PDF” on your line to download your form with its three columns.',
            'The unit’s commendation list is shown there too when you may see it.',
          ],
        },
      ],
    },
    {
      slug: 'nguoi-danh-gia',
      title: 'Reviewers (direct leaders)',
      summary: 'Follow the plans, review, score and decide the ranks of the people you are in charge of.',
      sections: [
        {
          heading: 'Who reviews, who decides',
          points: [
            'Each person has a chain for each month: a reviewer (possibly none) and a decider, following the rules and the unit’s assignments.',
            'If an assignment is wrong, ask the unit administrator to fix it before reviewing.',
          ],
        },
        {
          heading: 'During the month: follow the plans',
          steps: [
            'From the list to process, open the plan of a person you evaluate to see progress and completion.',
            'Write under “Your comment” and press “Send the comment”; the person sees it under “My work”.',
          ],
        },
        {
          heading: 'From the 20th to the end of the 27th: review and decide (menu “Review and ranking”)',
          steps: [
            'The home page tells how many people wait for you; open “Review and ranking”.',
            'Reviewer: open a form that is “Self-assessment sent”, score your column, comment and send; it becomes “Reviewed”.',
            'Decider: score your column; the rank follows from the total. Knock-out cases (discipline in the month…) need their evidence. Confirm; the form becomes “Ranked”.',
            'Return a form that is not acceptable, with a reason; it becomes a draft again.',
            'People who did not assess themselves in time can still be ranked.',
          ],
        },
      ],
    },
    {
      slug: 'lanh-dao-don-vi',
      title: 'Unit heads (ranking decisions, publication)',
      summary: 'See the summary, adjust ranks, publish the results and send the commendation list.',
      sections: [
        {
          heading: 'Before the 28th: follow the progress',
          steps: [
            'The home page shows the unit’s progress by state and the “Publish” task with its deadline.',
            'The unit summary shows each quota group with its headcount, A used and A allowed.',
          ],
        },
        {
          heading: 'Adjusting before publication',
          steps: [
            'When needed, adjust a person’s final rank with a reason (never above the points’ rank).',
            'Groups over the A quota must be lowered first; those lowered are marked “Qualified for A, ranked B by the quota”.',
          ],
        },
        {
          heading: 'Until the end of the 4th of the next month: publish',
          steps: [
            'When every form is “Ranked” and no group is over quota, publish and confirm. Every form becomes “Published”; afterwards only single forms can be corrected, with a reason.',
            '“Published results”: the list, “Download the summary (XLSX)” and each form’s “PDF”.',
          ],
        },
        {
          heading: 'Commendation list',
          steps: [
            'Publication draws up the list with the month’s A.',
            'On “Published results”, add or remove people, give reasons, press “Save the list”.',
            'Press “Send it up” and confirm. Afterwards the list is read-only.',
          ],
        },
      ],
    },
    {
      slug: 'quan-tri',
      title: 'Unit administrators',
      summary: 'Accounts, staff records, evaluation assignments and user support for the unit.',
      sections: [
        {
          heading: 'Duties',
          points: [
            'The unit administrator account is granted and handed over by a decision (number and date).',
            'Issue user accounts, reset forgotten passwords (valid 72 hours, changed at first sign-in), close the accounts of people who leave.',
            'Keep staff and posts up to date (CSV or XLSX import), transfers, reviewer and decider assignments.',
            'Extend a person’s self-assessment or decision deadline when justified.',
            'Be the first contact for users’ problems; pass remarks on the regulation to the Party Committee’s Organisation Board.',
          ],
        },
        {
          heading: 'In this version',
          steps: [
            'Administration screens come later. Sign in with the administrator account; the home page links to the API interface (Swagger).',
            'There, use the groups accounts, organisation (units, people, imports, chains) and rules (deadlines, extensions).',
            'Every administrative action is logged.',
          ],
        },
      ],
    },
  ],
  common: [
    {
      heading: 'Monthly calendar',
      points: [
        'Monthly plan: from the 1st to the end of the 5th.',
        'Self-assessment: from the 20th to before the 25th (end of the 24th).',
        'Review and ranking decision: before the 28th (end of the 27th).',
        'Publication: before the 5th of the next month (end of the 4th).',
        'December ends before 15 December: self-assessment 8th–11th, decisions until the end of the 13th, publication until the end of the 14th.',
        'Dates may be moved for a unit (holidays) or extended for a person; the home page always shows the dates that apply to you.',
      ],
    },
    {
      heading: 'States of a form',
      points: [
        'Draft: not sent yet (or returned).',
        'Self-assessment sent: waiting for the reviewer (or the decider when there is no reviewer).',
        'Reviewed: waiting for the decider.',
        'Ranked: has a rank, waiting for publication.',
        'Published: the official result, visible in the unit.',
      ],
    },
    {
      heading: 'Ranks',
      points: [
        'A – Excellent: 90 to 100 points.',
        'B – Good: 70 to under 90.',
        'C – Satisfactory: 50 to under 70.',
        'D – Unsatisfactory: under 50, or a knock-out case (such as discipline in the month) whatever the points.',
      ],
    },
    {
      heading: 'The A quota',
      points: [
        'A may not exceed 20% of those ranked B in each quota group, rounded down: 10 ranked B allow at most 2 A.',
        'A unit or group of fewer than 5 people may have one A if that person qualifies.',
        'Those who qualify for A beyond the quota are ranked B and marked “Qualified for A, ranked B by the quota”.',
      ],
    },
  ],
}
