// Hướng dẫn sử dụng theo nhóm người dùng (Điều 12, 12.1, 12.4, 13, 23.3). Tên menu, trạng thái
// và thời hạn đúng như trên phần mềm (domain/src/calendar.rs).
import type { GuideContent } from './content'

export const contentVi: GuideContent = {
  groups: [
    {
      slug: 'ca-nhan',
      title: 'Cán bộ, công chức, viên chức và người lao động',
      summary: 'Lập kế hoạch công tác, cập nhật tiến độ, tự đánh giá hằng tháng và xem kết quả.',
      sections: [
        {
          heading: 'Đăng nhập',
          steps: [
            'Mở địa chỉ phần mềm, nhập Tên đăng nhập và Mật khẩu do quản trị đơn vị cấp, bấm “Đăng nhập”.',
            'Lần đầu đăng nhập (hoặc sau khi được cấp lại mật khẩu), phần mềm yêu cầu đặt mật khẩu mới: dài 10–128 ký tự, có cả chữ và số, không chứa tên đăng nhập. Mật khẩu được cấp chỉ dùng được trong 72 giờ.',
            'Nhập sai mật khẩu 5 lần liên tiếp, tài khoản bị tạm khóa 15 phút. Quên mật khẩu: liên hệ quản trị đơn vị để được cấp lại.',
          ],
        },
        {
          heading: 'Đầu tháng: lập kế hoạch công tác (menu “Công việc của tôi”)',
          steps: [
            'Chọn menu “Công việc của tôi”; tháng hiện tại được mở sẵn, dùng nút tháng trước/tháng sau để xem tháng khác.',
            'Ở mục “Thêm việc”, chọn Loại việc “Kế hoạch công tác tháng”, nhập Nội dung công việc, Sản phẩm đầu ra và Thời hạn, bấm “Thêm vào kế hoạch”. Kế hoạch tháng nhập từ ngày 01 đến hết ngày 05.',
            'Lịch công tác tuần: chọn Loại việc “Lịch công tác tuần” và Tuần thứ (1–6). Việc phát sinh trong tháng: chọn “Công việc đột xuất, phát sinh”. Hai loại này nhập được đến khi hết hạn tự đánh giá.',
            'Trong tháng, ở từng việc chọn Trạng thái (Chưa bắt đầu, Đang thực hiện, Hoàn thành đúng hạn, bảo đảm chất lượng, Chậm tiến độ, Hủy, không thực hiện), nhập Mức độ hoàn thành (%) rồi bấm “Lưu”.',
            'Ô “Tỷ lệ hoàn thành công việc” = số việc hoàn thành đúng hạn, bảo đảm chất lượng / tổng số việc (không tính việc đã hủy). Tỷ lệ này được đưa vào phiếu đánh giá cuối tháng.',
            'Ý kiến của người nhận xét, đánh giá về kế hoạch hiện ở cuối trang.',
          ],
        },
        {
          heading: 'Từ ngày 20 đến hết ngày 24: tự đánh giá (menu “Tự đánh giá”)',
          steps: [
            'Trang chủ nhắc việc “Tự đánh giá” kèm hạn chót khi phiếu của bạn còn ở trạng thái “Đang soạn”.',
            'Chọn menu “Tự đánh giá”: phiếu theo đúng mẫu của chức vụ, chức danh của bạn. Chấm điểm từng tiêu chí (không quá điểm tối đa), ghi chú nếu cần; tổng điểm và mức xếp loại dự kiến được tính ngay.',
            'Phiếu được lưu tự động trong khi nhập. Khi đã xong, bấm gửi và xác nhận; sau khi gửi, trạng thái là “Đã gửi tự đánh giá” và bạn không sửa được nữa.',
            'Nếu phiếu bị trả lại (kèm lý do), trạng thái về “Đang soạn”: sửa và gửi lại trong thời hạn.',
            'Quá hạn mà chưa gửi: liên hệ lãnh đạo trực tiếp để được gia hạn; cấp có thẩm quyền vẫn có thể xếp loại khi bạn không tự đánh giá.',
          ],
        },
        {
          heading: 'Đầu tháng sau: xem kết quả (menu “Kết quả đã công khai”)',
          steps: [
            'Sau khi thủ trưởng đơn vị công khai (trước ngày 05 tháng sau), chọn menu “Kết quả đã công khai” để xem danh sách: họ tên, chức vụ, tổng điểm, mức xếp loại cuối cùng và ghi chú (ví dụ “Đủ điều kiện A, xếp B do chỉ tiêu”, “Đã đính chính”).',
            'Bấm “PDF” ở dòng của bạn để tải phiếu đánh giá có đủ ba cột: tự chấm, người nhận xét, cấp quyết định.',
            'Danh sách đề nghị khen thưởng của đơn vị cũng hiện trên trang này khi bạn có quyền xem.',
          ],
        },
      ],
    },
    {
      slug: 'nguoi-danh-gia',
      title: 'Người nhận xét, đánh giá (lãnh đạo trực tiếp)',
      summary: 'Theo dõi kế hoạch, nhận xét, chấm điểm và quyết định xếp loại những người mình phụ trách.',
      sections: [
        {
          heading: 'Ai nhận xét, ai quyết định',
          points: [
            'Mỗi người có một chuỗi đánh giá cho từng tháng: người nhận xét, đánh giá (có thể không có) và cấp quyết định xếp loại, theo quy chế và phân công của đơn vị (Điều 8, Điều 10).',
            'Nếu phân công chưa đúng, báo quản trị đơn vị để điều chỉnh trước khi bắt đầu nhận xét.',
          ],
        },
        {
          heading: 'Trong tháng: theo dõi kế hoạch công tác',
          steps: [
            'Từ danh sách cần xử lý, mở kế hoạch công tác của người được đánh giá để xem tiến độ từng việc và tỷ lệ hoàn thành.',
            'Nhập ý kiến ở mục “Ý kiến của bạn” cuối trang và bấm “Gửi ý kiến”; người được đánh giá thấy ý kiến này trong “Công việc của tôi”.',
          ],
        },
        {
          heading:
            'Từ ngày 20 đến hết ngày 27: nhận xét, đánh giá và quyết định xếp loại (menu “Đánh giá, xếp loại”)',
          steps: [
            'Trang chủ cho biết số người đang chờ bạn. Chọn menu “Đánh giá, xếp loại” để mở danh sách cần xử lý.',
            'Người nhận xét: mở phiếu ở trạng thái “Đã gửi tự đánh giá”, chấm điểm cột người nhận xét, ghi nhận xét rồi gửi; phiếu chuyển sang “Đã nhận xét”.',
            'Cấp quyết định: chấm điểm cột của mình; mức xếp loại tính theo tổng điểm. Các trường hợp xếp loại không hoàn thành nhiệm vụ (bị kỷ luật trong tháng…) phải ghi căn cứ. Xác nhận quyết định; phiếu chuyển sang “Đã xếp loại”.',
            'Phiếu chưa đạt yêu cầu: bấm trả lại và ghi lý do; phiếu về trạng thái “Đang soạn” để người được đánh giá sửa.',
            'Người không tự đánh giá đúng hạn vẫn có thể được cấp quyết định xếp loại.',
          ],
        },
      ],
    },
    {
      slug: 'lanh-dao-don-vi',
      title: 'Lãnh đạo đơn vị (quyết định xếp loại, công khai)',
      summary:
        'Xem bảng tổng hợp, điều chỉnh mức xếp loại, công khai kết quả và gửi danh sách đề nghị khen thưởng.',
      sections: [
        {
          heading: 'Trước ngày 28: theo dõi tiến độ',
          steps: [
            'Trang chủ hiện tiến độ của đơn vị (số phiếu theo trạng thái) và việc “Công khai kết quả” kèm hạn chót.',
            'Mở bảng tổng hợp của đơn vị: mỗi nhóm đối tượng có số người, số A đã dùng và số A tối đa theo chỉ tiêu.',
          ],
        },
        {
          heading: 'Điều chỉnh trước khi công khai',
          steps: [
            'Khi cần thiết, thủ trưởng đơn vị điều chỉnh mức xếp loại cuối cùng của một người, ghi lý do (Điều 12.3). Không được xếp cao hơn mức theo điểm.',
            'Nhóm vượt chỉ tiêu loại A phải hạ bớt trước khi công khai; người đủ điểm A nhưng hạ do chỉ tiêu được ghi “Đủ điều kiện A, xếp B do chỉ tiêu”.',
          ],
        },
        {
          heading: 'Đến hết ngày 04 tháng sau: công khai kết quả',
          steps: [
            'Khi mọi phiếu của đơn vị đã ở trạng thái “Đã xếp loại” và không nhóm nào vượt chỉ tiêu, bấm công khai và xác nhận. Mọi phiếu chuyển sang “Đã công khai”; sau đó chỉ còn đính chính từng phiếu, có lý do.',
            'Menu “Kết quả đã công khai”: danh sách kết quả; nút “Tải bảng tổng hợp (XLSX)” và nút “PDF” của từng phiếu.',
          ],
        },
        {
          heading: 'Danh sách đề nghị khen thưởng',
          steps: [
            'Khi công khai, phần mềm lập sẵn danh sách gồm những người xếp loại A của tháng.',
            'Ở trang “Kết quả đã công khai”, mục “Danh sách đề nghị khen thưởng”: thêm hoặc bỏ người, ghi lý do, bấm “Lưu danh sách”.',
            'Bấm “Gửi lên cấp trên” và xác nhận. Sau khi gửi, danh sách chỉ còn để xem, không sửa được nữa.',
          ],
        },
      ],
    },
    {
      slug: 'quan-tri',
      title: 'Quản trị đơn vị',
      summary: 'Tài khoản, dữ liệu cán bộ, phân công đánh giá và hỗ trợ người dùng của đơn vị.',
      sections: [
        {
          heading: 'Nhiệm vụ',
          points: [
            'Tài khoản quản trị đơn vị được giao bằng quyết định (số, ngày quyết định) và bàn giao cũng bằng quyết định (Điều 7).',
            'Cấp tài khoản người dùng cho cán bộ của đơn vị, cấp lại mật khẩu khi người dùng quên (mật khẩu được cấp dùng được trong 72 giờ, lần đầu đăng nhập phải đổi), khóa tài khoản của người nghỉ việc.',
            'Cập nhật danh sách cán bộ và chức vụ (nhập từ tệp CSV hoặc XLSX), điều chuyển, phân công người nhận xét, đánh giá và cấp quyết định.',
            'Gia hạn thời hạn tự đánh giá hoặc quyết định cho từng người khi có lý do chính đáng.',
            'Là đầu mối đầu tiên tiếp nhận vướng mắc của người dùng trong đơn vị; chuyển góp ý về quy chế tới Ban Tổ chức Thành ủy (Điều 23.3).',
          ],
        },
        {
          heading: 'Thực hiện trong phiên bản này',
          steps: [
            'Các màn hình quản trị sẽ có trong phiên bản sau. Hiện nay, đăng nhập bằng tài khoản quản trị, trang chủ có liên kết “Mở giao diện API (Swagger)”.',
            'Trong giao diện API, các chức năng nằm ở nhóm accounts (tài khoản), organisation (đơn vị, cán bộ, nhập tệp, chuỗi đánh giá) và rules (thời hạn, gia hạn).',
            'Mọi thao tác quản trị đều được ghi nhật ký.',
          ],
        },
      ],
    },
  ],
  common: [
    {
      heading: 'Lịch hằng tháng (Điều 12)',
      points: [
        'Lập kế hoạch công tác tháng: từ ngày 01 đến hết ngày 05.',
        'Tự đánh giá: từ ngày 20 đến trước ngày 25 (hết ngày 24).',
        'Nhận xét, đánh giá và quyết định xếp loại: trước ngày 28 (hết ngày 27).',
        'Công khai kết quả: trước ngày 05 của tháng sau (hết ngày 04).',
        'Tháng 12 hoàn thành trước ngày 15/12: tự đánh giá từ ngày 08 đến hết ngày 11; nhận xét, quyết định đến hết ngày 13; công khai đến hết ngày 14.',
        'Thời hạn có thể được điều chỉnh cho từng đơn vị (ngày lễ, Tết) hoặc gia hạn cho từng người; trang chủ luôn hiện thời hạn đang áp dụng cho bạn.',
      ],
    },
    {
      heading: 'Trạng thái của phiếu',
      points: [
        'Đang soạn: phiếu chưa gửi (hoặc bị trả lại); người được đánh giá đang tự chấm.',
        'Đã gửi tự đánh giá: chờ người nhận xét, đánh giá (hoặc cấp quyết định nếu không có người nhận xét).',
        'Đã nhận xét: chờ cấp quyết định xếp loại.',
        'Đã xếp loại: đã có mức xếp loại, chờ thủ trưởng đơn vị công khai.',
        'Đã công khai: kết quả chính thức, ai trong đơn vị cũng xem được.',
      ],
    },
    {
      heading: 'Mức xếp loại (Điều 13.1)',
      points: [
        'A – Hoàn thành xuất sắc nhiệm vụ: từ 90 đến 100 điểm.',
        'B – Hoàn thành tốt nhiệm vụ: từ 70 đến dưới 90 điểm.',
        'C – Hoàn thành nhiệm vụ: từ 50 đến dưới 70 điểm.',
        'D – Không hoàn thành nhiệm vụ: dưới 50 điểm, hoặc thuộc trường hợp xếp loại không hoàn thành nhiệm vụ (ví dụ bị kỷ luật trong tháng) dù đủ điểm.',
      ],
    },
    {
      heading: 'Chỉ tiêu loại A (Điều 13)',
      points: [
        'Số người xếp loại A không vượt quá 20% số người xếp loại B trong từng nhóm đối tượng, làm tròn xuống. Ví dụ: nhóm có 10 người loại B thì tối đa 2 người loại A.',
        'Đơn vị hoặc nhóm đối tượng dưới 5 người được xếp A cho 01 người nếu người đó đủ điều kiện A.',
        'Người đủ điểm A nhưng vượt chỉ tiêu được xếp B, có ghi chú “Đủ điều kiện A, xếp B do chỉ tiêu”.',
      ],
    },
  ],
}
