import Testing
@testable import RiskCore

@Suite struct CivilCalendarTests {
    @Test func daysSinceTheEpochAndBack() {
        #expect(CivilCalendar.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.daysSinceEpoch(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilCalendar.daysSinceEpoch(year: 1969, month: 12, day: 31) == -1)
        for days: Int64 in [-719_468, -1, 0, 11_016, 11_017, 20_513, 2_932_896] {
            let date = CivilCalendar.civilDate(daysSinceEpoch: days)
            #expect(CivilCalendar.daysSinceEpoch(year: date.year, month: date.month, day: date.day) == days)
        }
    }

    @Test func leapYearsFollowTheGregorianRule() {
        #expect(CivilCalendar.isLeapYear(2024) && CivilCalendar.isLeapYear(2000) && !CivilCalendar.isLeapYear(1900) && !CivilCalendar.isLeapYear(2026))
        #expect(CivilCalendar.daysInMonth(year: 2024, month: 2) == 29 && CivilCalendar.daysInMonth(year: 2026, month: 2) == 28)
        #expect(CivilCalendar.daysInMonth(year: 2026, month: 4) == 30 && CivilCalendar.daysInMonth(year: 2026, month: 12) == 31)
    }
}
