package audit

// The actions of the archives (docs/archives.md).
var (
	CheckInSave     = declare("member.checkin.save", "登记在职党员到社区报到", ReachNone)
	ArchiveBuild    = declare("archive.build", "生成年终档案包", ReachNone)
	ArchiveDownload = declare("archive.download", "下载年终档案包", ReachNone)
)
