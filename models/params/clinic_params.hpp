#pragma once
// The clinic of a scenario: demand (arrivals), staff (therapists with weekly schedules), booking
// rules and costs. Units are in the names; weeks count from week 0 = the first simulated week.
#include <array>
#include <string>
#include <vector>

#include "sim/calendar/weekly_schedule.hpp"

namespace rehabsim::models {

enum class ClinicCapacity : int { Unlimited = 0, Therapists = 1 };
inline constexpr std::array<const char*, 2> kClinicCapacityNames = {"unlimited", "therapists"};
enum class ArrivalMode : int { Cohort = 0, Poisson = 1 };
inline constexpr std::array<const char*, 2> kArrivalModeNames = {"cohort", "poisson"};
enum class BookingRule : int { FirstComeFirstServed = 0, SurgeryType = 1, DaysSinceSurgery = 2 };
inline constexpr std::array<const char*, 3> kBookingRuleNames = {"fcfs", "surgery_type", "days_since_surgery"};

struct TherapistSpec {
  std::string name = "therapist";
  sim::WeeklySchedule schedule;
  bool telehealth = true;  ///< may give telehealth sessions
  bool spine_specialist = false;
  int caseload_per_day = 10;    ///< appointments per day at most
  int active_patients_max = 0;  ///< patients in this therapist's care at once (new evaluations wait); 0: no cap
  int evaluation_minutes = 60;
  int session_minutes = 45;
  int start_week = 0;                            ///< first week employed (a hire)
  int end_week = -1;                             ///< first week no longer employed; -1: stays
  std::vector<std::array<int, 2>> absent_weeks;  ///< [from, to] inclusive: holidays, planned leave
};

/// An entry of [[clinic.therapists]]: `count` identical therapists (expanded into ClinicParams::therapists).
struct TherapistGroup {
  TherapistSpec therapist;  ///< the schedule is parsed from schedule_text
  int count = 1;
  std::string schedule_text = "Mon-Fri 08:00-16:30";
};

/// An entry of [[clinic.arrival_periods]]: weeks of the year with another arrival rate.
struct ArrivalPeriod {
  int from_week_of_year = 1, to_week_of_year = 1;  ///< inclusive; may wrap past week 52
  double rate_multiplier = 1.0;
};

/// An entry of [[clinic.absences]]: planned leave of a therapist or of every member of a group.
struct Absence {
  std::string therapist;
  int from_week = 0, to_week = 0;  ///< inclusive
};

struct ClinicParams {
  ClinicCapacity capacity = ClinicCapacity::Unlimited;
  // Demand
  ArrivalMode arrivals = ArrivalMode::Cohort;
  double arrivals_per_week = 20;
  std::array<double, 52> week_of_year_multiplier{};  ///< on arrivals_per_week; filled with 1 by default
  int start_week_of_year = 1;                        ///< week of year (1-52) of simulated week 0
  int warmup_weeks = 0;                              ///< patients operated before this week are left out of the KPIs
  double referral_delay_days = 0;                    ///< from the protocol's start day to the referral reaching the clinic
  // Booking
  BookingRule rule = BookingRule::FirstComeFirstServed;
  std::array<int, 3> surgery_priority{3, 1, 2};  ///< by Surgery; lower is booked first (rule surgery_type)
  int booking_lead_days = 1;                     ///< earliest evaluation: this many days after the booking
  int booking_horizon_days = 28;                 ///< the calendar is open this far ahead for evaluations
  int granularity_minutes = 15;                  ///< appointments start on this grid from the shift start
  int reserved_new_per_day = 0;                  ///< per therapist and day: kept for evaluations
  int overbook_per_day = 0;                      ///< per therapist and day: follow-ups stacked on a booked slot
  int overtime_minutes = 0;                      ///< a session may end this long after its shift (counted as overtime)
  bool rebook_missed = true;                     ///< a missed or cancelled session is rebooked within the patient's week
  bool spine_specialist_for_fusion = false;      ///< fusion evaluations need a spine specialist
  // Session modes
  double telehealth_share = 0;  ///< share of follow-up sessions by telehealth (on top of telehealth phases)
  int telehealth_session_minutes = 30;
  // Staff
  double sick_day_probability = 0.02;  ///< per scheduled working day
  double waiting_motivation_penalty_per_week = 0.01;
  double therapist_usd_per_hour = 44.67;
  double overtime_multiplier = 1.5;
  double per_visit_usd = 0;  ///< other costs per attended visit (consumables, admin)
  // As written in the scenario; clinic_from_values derives the fields below from them.
  std::vector<TherapistGroup> therapist_groups;
  std::vector<ArrivalPeriod> arrival_periods;
  std::vector<Absence> absences;
  // Derived.
  std::vector<TherapistSpec> therapists;  ///< one entry per therapist (groups are expanded, absences attached)

  ClinicParams() { week_of_year_multiplier.fill(1.0); }
  bool limited() const { return capacity == ClinicCapacity::Therapists; }
};

}  // namespace rehabsim::models
