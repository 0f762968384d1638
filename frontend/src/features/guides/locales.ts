// Texts of the guides feature (namespace `guides`), Vietnamese first. The guides themselves are
// in content.vi.ts and content.en.ts.
export const guides = {
  vi: {
    title: 'Hướng dẫn sử dụng',
    intro:
      'Phần mềm giúp cán bộ, công chức, viên chức và người lao động lập kế hoạch công tác, tự đánh giá hằng tháng; giúp lãnh đạo nhận xét, quyết định xếp loại và công khai kết quả theo Quy chế. Chọn nhóm người dùng của bạn để xem hướng dẫn từng bước.',
    unknownGroup: 'Không có hướng dẫn cho nhóm này; vui lòng chọn một nhóm bên dưới.',
    chooseGroup: 'Hướng dẫn theo nhóm người dùng',
    help: {
      title: 'Cần hỗ trợ?',
      text: 'Liên hệ trước hết với quản trị đơn vị của bạn. Góp ý, phản ánh về phần mềm hoặc quy chế gửi theo trang góp ý.',
      link: 'Gửi góp ý, phản ánh',
    },
    feedback: {
      title: 'Góp ý, phản ánh',
      intro:
        'Mọi khó khăn, vướng mắc khi sử dụng phần mềm hoặc thực hiện Quy chế đều cần được phản ánh kịp thời để xem xét, sửa đổi, bổ sung (Điều 23.3).',
      whoTitle: 'Gửi tới đâu',
      who1: 'Không đăng nhập được, quên mật khẩu, sai đơn vị, chức vụ hoặc sai người nhận xét, đánh giá: liên hệ quản trị đơn vị của bạn trước tiên.',
      who2: 'Lỗi phần mềm, đề xuất cải tiến: gửi thư tới {{email}} bằng biểu mẫu bên dưới.',
      who3: 'Vướng mắc về Quy chế: phản ánh về Ban Thường vụ Thành ủy qua Ban Tổ chức Thành ủy (ptccb_btctu@hanoi.gov.vn), thường qua quản trị đơn vị.',
      formTitle: 'Soạn góp ý',
      formIntro:
        'Bấm “Mở chương trình thư” để mở thư điện tử đã điền sẵn nội dung gửi tới {{email}}; bạn kiểm tra lại rồi gửi từ hộp thư của mình.',
      topic: 'Chủ đề',
      topics: {
        bug: 'Lỗi phần mềm',
        usage: 'Cách sử dụng',
        regulation: 'Quy chế, thời hạn, tiêu chí',
        other: 'Góp ý khác',
      },
      message: 'Nội dung',
      messageRequired: 'Vui lòng nhập nội dung góp ý',
      page: 'Trang hoặc chức năng liên quan',
      pageHelp: 'Ví dụ: Tự đánh giá, tháng 11/2026',
      name: 'Họ và tên',
      unit: 'Đơn vị',
      subject: 'Góp ý phần mềm đánh giá',
      submit: 'Mở chương trình thư',
      opened: 'Đã mở chương trình thư. Nếu không thấy thư mới, hãy gửi trực tiếp tới {{email}}.',
    },
  },
  en: {
    title: 'User guide',
    intro:
      'The system helps staff plan their work and assess themselves every month, and helps leaders review, rank and publish the results under the Regulation. Choose your group for step-by-step guidance.',
    unknownGroup: 'There is no guide for this group; choose one below.',
    chooseGroup: 'Guides by user group',
    help: {
      title: 'Need help?',
      text: 'Ask your unit administrator first. Send feedback on the system or the regulation through the feedback page.',
      link: 'Send feedback',
    },
    feedback: {
      title: 'Feedback',
      intro:
        'Difficulties with the system or the Regulation must be reported promptly so that they can be fixed (Article 23.3).',
      whoTitle: 'Where to send it',
      who1: 'Cannot sign in, forgot the password, wrong unit, post or evaluator: ask your unit administrator first.',
      who2: 'Bugs and suggestions: write to {{email}} with the form below.',
      who3: "Problems with the Regulation: report to the City Party Committee's Organisation Board (ptccb_btctu@hanoi.gov.vn), usually through your unit administrator.",
      formTitle: 'Write your feedback',
      formIntro:
        'Press “Open my mail program” to open an e-mail to {{email}} with your text filled in; check it and send it from your mailbox.',
      topic: 'Topic',
      topics: {
        bug: 'Bug',
        usage: 'How to use',
        regulation: 'Regulation, deadlines, criteria',
        other: 'Other',
      },
      message: 'Message',
      messageRequired: 'Enter your message',
      page: 'Page or function concerned',
      pageHelp: 'For example: Self-assessment, November 2026',
      name: 'Name',
      unit: 'Unit',
      subject: 'Feedback on the evaluation system',
      submit: 'Open my mail program',
      opened: 'Your mail program was opened. If no new message appears, write to {{email}} directly.',
    },
  },
}
